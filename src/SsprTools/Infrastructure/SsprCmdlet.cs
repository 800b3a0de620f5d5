using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SsprTools.Core;
using SsprTools.Core.Graph;
using SsprTools.Core.Model;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>
    /// What every SsprTools cmdlet shares: choosing the tenant source, running async Core work with the
    /// pipeline-thread bridge, Ctrl+C, and turning Core errors into ErrorRecords.
    /// </summary>
    public abstract class SsprCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        protected CancellationToken CancellationToken => stopping.Token;

        protected override void StopProcessing()
        {
            stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>A snapshot file when a path is given; otherwise the runspace's Graph connection.</summary>
        protected ITenantSource ResolveSource(string? snapshotPath)
        {
            if (!string.IsNullOrEmpty(snapshotPath))
            {
                return new SnapshotTenantSource(GetUnresolvedProviderPathFromPSPath(snapshotPath));
            }

            var connection = ConnectionStore.Get();
            if (connection != null)
            {
                return new GraphTenantSource(connection);
            }

            throw new SsprException("NotConnected", SsprErrorKind.NotConnected,
                Texts.Get("NotConnected_NoSource"), Texts.Get("NotConnected_NoSource_Action"));
        }

        /// <summary>The runspace's Graph connection, or a NotConnected error.</summary>
        protected SsprConnection RequireConnection() =>
            ConnectionStore.Get() ?? throw new SsprException("NotConnected", SsprErrorKind.NotConnected,
                Texts.Get("NotConnected"), Texts.Get("NotConnected_Action"));

        /// <summary>A connection as the SsprTools.Connection object users see.</summary>
        protected static PSObject ConnectionObject(SsprConnection connection)
        {
            var o = new PSObject(connection);
            o.TypeNames.Insert(0, "SsprTools.Connection");
            return o;
        }

        /// <summary>-ThrottleLimit only shapes live reads: a warning when it was given with a snapshot file.</summary>
        protected void WarnIfThrottleLimitIgnored(string? snapshotPath)
        {
            if (!string.IsNullOrEmpty(snapshotPath) && MyInvocation.BoundParameters.ContainsKey("ThrottleLimit"))
            {
                WriteWarning(Texts.Get("ThrottleLimit_SnapshotIgnored"));
            }
        }

        /// <summary>A declared emergency access account that matches no account is a warning, never silence.</summary>
        protected void WarnUnknownEmergencyAccessAccounts(Core.Readiness.ReadinessEvaluator evaluator)
        {
            foreach (var name in evaluator.Tenant.UnknownEmergencyAccessAccounts)
            {
                WriteWarning(Texts.Format("EmergencyAccess_Unknown", name));
            }
        }

        protected TenantData ReadTenant(ITenantSource source, TenantReadOptions? options = null)
        {
            WriteVerbose("Reading tenant data from " + source.Name);
            return RunAsync((observer, ct) => source.ReadAsync(options ?? TenantReadOptions.Default, observer, ct));
        }

        protected T RunAsync<T>(Func<IScanObserver, CancellationToken, Task<T>> work) =>
            new PipelineBridge().Run(this, work, CancellationToken);

        /// <summary>Run a step; Core errors end the command as a clean terminating error.</summary>
        protected void Guard(Action action, object? target = null)
        {
            try
            {
                action();
            }
            catch (SsprException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell stops the pipeline itself.
            }
            catch (Exception e) when (!(e is RuntimeException) && !(e is PipelineClosedException))
            {
                ThrowTerminatingError(ErrorRecords.Unexpected(e, target));
            }
        }
    }
}
