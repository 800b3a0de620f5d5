using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR009: under the two-gate policy, fewer than two usable methods (when the unknown ones could not make up the difference).</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr009TwoGateNotMet : IAdminRule
    {
        public string Id => "SSPR009";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (!admin.IsAdmin || admin.RequiredMethods < 2)
            {
                return Findings.None;
            }

            var usable = admin.Methods.UsableKinds;
            if (usable.Count >= 2 || usable.Count + admin.Methods.UnknownKinds.Count >= 2)
            {
                return Findings.None;
            }

            var names = usable.Count == 0 ? "-" : string.Join(", ", usable);
            return Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR009_Detail", usable.Count, names));
        }
    }
}
