using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR003: no mobile phone (neither a mobile phone method nor the profile's mobilePhone).</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr003NoMobilePhone : IAdminRule
    {
        public string Id => "SSPR003";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            !admin.Methods.OfKind(MethodKind.MobilePhone).Any() && admin.Methods.AuthenticationMethodsRead
                ? Findings.One(Id, FindingSeverity.Error, Texts.Get("SSPR003_Detail"))
                : Findings.None;
    }
}
