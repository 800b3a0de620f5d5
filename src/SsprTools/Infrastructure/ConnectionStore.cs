using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using SsprTools.Core.Graph;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>
    /// The Graph connection of each runspace: two runspaces (ForEach-Object -Parallel, jobs, hosted engines) connected to
    /// different tenants never see each other's connection. A closed runspace's entry goes with it.
    /// </summary>
    internal static class ConnectionStore
    {
        private sealed class Holder
        {
            public SsprConnection? Connection;
        }

        private static readonly ConditionalWeakTable<Runspace, Holder> Table = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly Holder NoRunspace = new Holder();

        private static Holder Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : Table.GetValue(runspace, _ => new Holder());
            }
        }

        public static SsprConnection? Get()
        {
            var holder = Current;
            lock (holder)
            {
                return holder.Connection;
            }
        }

        public static void Set(SsprConnection? connection)
        {
            var holder = Current;
            lock (holder)
            {
                holder.Connection = connection;
            }
        }
    }
}
