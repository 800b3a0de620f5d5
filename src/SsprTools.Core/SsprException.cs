using System;

namespace SsprTools.Core
{
    /// <summary>What went wrong, in terms a cmdlet can map to an ErrorCategory.</summary>
    public enum SsprErrorKind
    {
        InvalidArgument,
        ObjectNotFound,
        InvalidData,
        NotConnected,
        PermissionDenied,
        AuthenticationFailed,
        LimitsExceeded,
        ConnectionError,
        NotImplementedInCloud,
        ServiceError,
        OperationTimeout,
        /// <summary>The target exists and may not be replaced (a file without -Force).</summary>
        ResourceExists,
        /// <summary>Writing failed (I/O, access).</summary>
        WriteError,
    }

    /// <summary>An error for the user: a stable id, a plain message, and what to do about it. Never carries secrets.</summary>
    public class SsprException : Exception
    {
        public SsprException(string errorId, SsprErrorKind kind, string message, string? recommendedAction = null, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            RecommendedAction = recommendedAction;
            Target = target;
        }

        /// <summary>Stable id, used as the ErrorRecord's FullyQualifiedErrorId prefix.</summary>
        public string ErrorId { get; }
        public SsprErrorKind Kind { get; }
        public string? RecommendedAction { get; }
        public object? Target { get; }
    }
}
