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

        public static IScanObserver Observer => Current.Value ?? NullScanObserver.Instance;

        public static void Set(IScanObserver? observer) => Current.Value = observer;

        /// <summary>A sign-in message the user must act on (device code): a warning on the command's pipeline.</summary>
        public static void Prompt(string message) => Observer.Warning(message);
    }
}
