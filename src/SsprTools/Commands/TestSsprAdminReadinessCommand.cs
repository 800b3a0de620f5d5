using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core;
using SsprTools.Core.Readiness;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Test-SsprAdminReadiness: one result per admin: can they reset their own password, who else can reset it,
    /// and every finding that stands in the way.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SsprAdminReadiness", DefaultParameterSetName = "Objects")]
    [OutputType(typeof(AdminReadiness), ParameterSetName = new[] { "Objects" })]
    [OutputType(typeof(bool), ParameterSetName = new[] { "Quiet" })]
    public sealed class TestSsprAdminReadinessCommand : ReadinessCmdlet
    {
        private ReadinessEvaluator? evaluator;
        private readonly List<AdminReadiness> results = new List<AdminReadiness>();
        private readonly List<string> requested = new List<string>();
        private bool hadErrors;

        /// <summary>Admins to test; all role holders when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UPN", "UserId")]
        [ValidateNotNullOrEmpty]
        public string[]? UserPrincipalName { get; set; }

        /// <summary>Return one bool: true when every admin tested is recoverable and nothing about them went unevaluated.</summary>
        [Parameter(ParameterSetName = "Quiet", Mandatory = true)]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            // Names are collected and read in one go at the end: a live tenant is then read once, not per name.
            if (UserPrincipalName != null)
            {
                requested.AddRange(UserPrincipalName.Select(n => n.Trim()));
            }
        }

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                var explicitUsers = requested.Count > 0;
                var data = ReadTenant(ResolveSource(SnapshotPath), ReadOptions(explicitUsers ? requested : null));
                evaluator = new ReadinessEvaluator(data, ReadinessOptions());
                WarnUnknownEmergencyAccessAccounts(evaluator);
                if (!explicitUsers)
                {
                    var all = evaluator.EvaluateAll();
                    if (all.Count == 0)
                    {
                        WriteWarning(Texts.Get("NoAdminsInTenant"));
                    }

                    foreach (var result in all)
                    {
                        Emit(result);
                    }
                }
            }, SnapshotPath);

            foreach (var upn in requested)
            {
                Guard(() => TestOne(upn), upn);
            }

            if (Quiet)
            {
                // Not a silent "ready": an admin whose methods could not be read (or were masked) is not known to be recoverable.
                WriteObject(!hadErrors && results.Count > 0 && results.All(r => r.Recoverable && r.NotEvaluated.Length == 0));
            }
        }

        private void TestOne(string upn)
        {
            var result = evaluator!.EvaluateUser(upn);
            if (result == null)
            {
                hadErrors = true;
                WriteError(ErrorRecords.From(Suggestions.UnknownUser(evaluator.Index.Data, upn)));
                return;
            }

            Emit(result);
        }

        private void Emit(AdminReadiness result)
        {
            results.Add(result);
            if (!Quiet)
            {
                WriteObject(result);
            }
        }
    }
}
