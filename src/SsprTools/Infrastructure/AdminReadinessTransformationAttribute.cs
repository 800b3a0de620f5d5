using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>
    /// Lets a parameter of type AdminReadiness[] take results that crossed a serialization boundary
    /// (Start-Job, remoting, Import-Clixml): a Deserialized.SsprTools.AdminReadiness is rebuilt from its properties.
    /// Anything else is passed on unchanged, so the binder still reports a wrong type as usual.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class AdminReadinessTransformationAttribute : ArgumentTransformationAttribute
    {
        private const string DeserializedName = "Deserialized.SsprTools.AdminReadiness";

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : inputData;
            if (value is IList list && !(value is string))
            {
                var items = list.Cast<object?>().Select(Map).ToList();
                return items.All(i => i is AdminReadiness) ? items.Cast<AdminReadiness>().ToArray() : (object)items.ToArray();
            }

            return Map(inputData);
        }

        private static object? Map(object? item)
        {
            if (item is PSObject pso)
            {
                if (pso.BaseObject is AdminReadiness live)
                {
                    return live;
                }

                if (pso.TypeNames.Contains(DeserializedName))
                {
                    return FromProperties(pso);
                }
            }

            return item;
        }

        private static AdminReadiness FromProperties(PSObject o) => new AdminReadiness
        {
            UserPrincipalName = Text(o, "UserPrincipalName") ?? "",
            DisplayName = Text(o, "DisplayName"),
            Roles = Texts(o, "Roles"),
            AccountEnabled = Flag(o, "AccountEnabled"),
            SelfServiceReady = Flag(o, "SelfServiceReady"),
            AssistedResetBy = Texts(o, "AssistedResetBy"),
            Recoverable = Flag(o, "Recoverable"),
            Findings = Items(o, "Findings").Select(ToFinding).Where(f => f != null).Cast<Finding>().ToArray(),
            NotEvaluated = Texts(o, "NotEvaluated"),
            UsableMethods = Texts(o, "UsableMethods"),
            RequiredMethods = Number(o, "RequiredMethods"),
            IsAdmin = Flag(o, "IsAdmin"),
            DependsOnSmsVoice = Flag(o, "DependsOnSmsVoice"),
            UserId = Text(o, "UserId"),
            TenantId = Text(o, "TenantId"),
            Source = Text(o, "Source"),
        };

        private static Finding? ToFinding(object? item)
        {
            if (item == null)
            {
                return null;
            }

            var o = PSObject.AsPSObject(item);
            if (o.BaseObject is Finding live)
            {
                return live;
            }

            var severityText = Text(o, "Severity") ?? "";
            var severity = Enum.TryParse<FindingSeverity>(severityText, true, out var parsed) && Enum.IsDefined(typeof(FindingSeverity), parsed)
                ? parsed
                : FindingSeverity.Error;
            return new Finding(Text(o, "Id") ?? "", severity, Text(o, "Title") ?? "", Text(o, "Detail") ?? "", Text(o, "Remediation") ?? "", Text(o, "Reference") ?? "");
        }

        private static object? Raw(PSObject o, string name)
        {
            var value = o.Properties[name]?.Value;
            return value is PSObject p ? p.BaseObject : value;
        }

        private static string? Text(PSObject o, string name) => Raw(o, name) is object v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        private static bool Flag(PSObject o, string name) => Raw(o, name) is bool b && b;

        private static int Number(PSObject o, string name) => Raw(o, name) is int i ? i : 0;

        private static IEnumerable<object?> Items(PSObject o, string name)
        {
            var value = Raw(o, name);
            if (value == null)
            {
                return Array.Empty<object?>();
            }

            return value is IEnumerable e && !(value is string) ? e.Cast<object?>() : new[] { value };
        }

        private static string[] Texts(PSObject o, string name) =>
            Items(o, name).Where(v => v != null).Select(v => Convert.ToString(v is PSObject p ? p.BaseObject : v, CultureInfo.InvariantCulture) ?? "").ToArray();
    }
}
