using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR010: the account is disabled.</summary>
    [Finding(FindingSeverity.Warning, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived, DiagnosisSymptom.InvalidSecurityCode })]
    public sealed class Sspr010AccountDisabled : IAdminRule
    {
        public string Id => "SSPR010";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.User.AccountEnabled ? Findings.None : Findings.One(Id, FindingSeverity.Warning, Texts.Get("SSPR010_Detail"));
    }
}
