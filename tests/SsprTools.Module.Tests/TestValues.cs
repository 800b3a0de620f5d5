using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace SsprTools.Module.Tests
{
    /// <summary>Small helpers every engine test uses: script variables, and the finding ids of a result object.</summary>
    internal static class TestValues
    {
        /// <summary>Variables for <see cref="PowerShellHost.Run"/>: Vars(("u", upn), ("p", path)).</summary>
        public static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

        /// <summary>The Id of each finding of an SsprTools.AdminReadiness result, in its order.</summary>
        public static string[] FindingIds(PSObject result) =>
            ((object[])result.Properties["Findings"].Value).Select(f => (string)PSObject.AsPSObject(f).Properties["Id"].Value).ToArray();
    }
}
