using System;
using System.Management.Automation;
using SsprTools.Core;
using SsprTools.Core.Text;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>Turns Core's errors into ErrorRecords with a stable id, the right category and a recommended action.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(SsprException e)
        {
            var record = new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), e.Target);
            record.ErrorDetails = new ErrorDetails(e.Message);
            if (!string.IsNullOrEmpty(e.RecommendedAction))
            {
                record.ErrorDetails.RecommendedAction = e.RecommendedAction;
            }

            return record;
        }

        /// <summary>A bug or an unforeseen failure: still one clear line for the user, never a stack trace.</summary>
        public static ErrorRecord Unexpected(Exception e, object? target)
        {
            var message = Texts.Format("UnexpectedError", e.GetType().Name, e.Message);
            var record = new ErrorRecord(new InvalidOperationException(message, e), "UnexpectedError", ErrorCategory.NotSpecified, target);
            record.ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = Texts.Get("UnexpectedError_Action"),
            };
            return record;
        }

        public static ErrorCategory CategoryOf(SsprErrorKind kind)
        {
            switch (kind)
            {
                case SsprErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case SsprErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case SsprErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case SsprErrorKind.NotConnected: return ErrorCategory.ConnectionError;
                case SsprErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case SsprErrorKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case SsprErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case SsprErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case SsprErrorKind.NotImplementedInCloud: return ErrorCategory.NotImplemented;
                case SsprErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                case SsprErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case SsprErrorKind.WriteError: return ErrorCategory.WriteError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
