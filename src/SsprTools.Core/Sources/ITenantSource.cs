using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SsprTools.Core.Model;
using SsprTools.Core.Snapshots;

namespace SsprTools.Core.Sources
{
    /// <summary>
    /// Receives what a long read has to tell the user. Implementations may be called from any thread; the
    /// PowerShell adapter queues the calls and replays them on the pipeline thread.
    /// </summary>
    public interface IScanObserver
    {
        void Verbose(string message);
        void Warning(string message);
        /// <summary>Progress of one activity; percent -1 when unknown.</summary>
        void Progress(string activity, string status, int percent);
    }

    public sealed class NullScanObserver : IScanObserver
    {
        public static readonly NullScanObserver Instance = new NullScanObserver();
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Progress(string activity, string status, int percent) { }
    }

    /// <summary>What a read needs; a live source uses it to read no more than the command needs.</summary>
    public sealed class TenantReadOptions
    {
        public static readonly TenantReadOptions Default = new TenantReadOptions();

        /// <summary>Accounts the command asks about (UPNs or ids): a live source reads their data even when they hold no role. Null: the role holders only.</summary>
        public IReadOnlyCollection<string>? Users { get; init; }
        /// <summary>
        /// The command answers for <see cref="Users"/> only (one-admin questions): a live source reads those accounts with their
        /// methods, registration row and audit events (filtered by account on the server), plus the role data that who-can-reset
        /// needs (role assignments with their principals, groups and units that hold roles), not every admin's profile and methods.
        /// The other role holders in the result carry their account state but no methods: evaluate only the requested accounts.
        /// </summary>
        public bool RequestedUsersOnly { get; init; }
        /// <summary>Read the tenant again even when the connection kept a whole-tenant read of the last few minutes (-Refresh).</summary>
        public bool Refresh { get; init; }
        /// <summary>Accounts to read as well, whatever else is read (the declared emergency access accounts): unlike
        /// <see cref="Users"/> they never narrow a read. Null or empty: none.</summary>
        public IReadOnlyCollection<string>? AlsoRead { get; init; }
        /// <summary>Read SSPR audit events (auditLogs/directoryAudits); only the diagnosis needs them.</summary>
        public bool IncludeAuditEvents { get; init; }
        /// <summary>Oldest audit event wanted; null means the source's default window.</summary>
        public DateTimeOffset? AuditSince { get; init; }

        /// <summary>Default of <see cref="ThrottleLimit"/>: 8 $batch calls of 20 in flight. At 2,000 admins (50 ms a call) that reads
        /// the tenant about 15 % faster than 4 (docs/benchmarks.md), and stays far below Graph's identity budget for a large tenant
        /// (8,000 resource units per 10 s per app, learn.microsoft.com/graph/throttling-limits): a scan asks about 1.1 units per admin.</summary>
        public const int DefaultThrottleLimit = 8;

        /// <summary>Most Graph requests a live source has in flight at once (independent pages, $batch calls); paging of
        /// one collection stays sequential and the reports API keeps its own lower limit. At least 1.</summary>
        public int ThrottleLimit { get; init; } = DefaultThrottleLimit;
    }

    /// <summary>Where tenant data comes from: a snapshot file or a live Microsoft Graph connection.</summary>
    public interface ITenantSource
    {
        /// <summary>"snapshot:&lt;path&gt;" or "graph:&lt;endpoint&gt;": shown as the results' Source.</summary>
        string Name { get; }
        Task<TenantData> ReadAsync(TenantReadOptions options, IScanObserver observer, CancellationToken cancellationToken);
    }

    public sealed class SnapshotTenantSource : ITenantSource
    {
        private readonly string path;

        public SnapshotTenantSource(string path)
        {
            this.path = path;
        }

        public string Name => "snapshot:" + path;

        public Task<TenantData> ReadAsync(TenantReadOptions options, IScanObserver observer, CancellationToken cancellationToken)
        {
            observer.Verbose("Reading snapshot " + path);
            return Task.FromResult(SnapshotFormat.ReadFile(path));
        }
    }
}
