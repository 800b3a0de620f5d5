using System.Threading;
using SsprTools.Core.Sources;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// The observer of the Graph work running in this async flow: the HTTP logging handler and sign-in prompts (device code)
    /// report to it, so each command's -Verbose and prompts reach that command's pipeline and no other.
    /// </summary>
    internal static class GraphCallContext
    {
        private static readonly AsyncLocal<IScanObserver?> Current = new AsyncLocal<IScanObserver?>();
        private static readonly AsyncLocal<SemaphoreSlim?> CurrentGate = new AsyncLocal<SemaphoreSlim?>();

        public static IScanObserver Observer => Current.Value ?? NullScanObserver.Instance;

        public static void Set(IScanObserver? observer) => Current.Value = observer;

        /// <summary>The bound on HTTP calls in flight at once for the read running in this async flow (-ThrottleLimit); null: none.</summary>
        public static SemaphoreSlim? Gate => CurrentGate.Value;

        public static void SetGate(SemaphoreSlim? gate) => CurrentGate.Value = gate;

        /// <summary>A sign-in message the user must act on (device code): a warning on the command's pipeline.</summary>
        public static void Prompt(string message) => Observer.Warning(message);
    }
}
