using System;
using System.Collections.Generic;
using System.Linq;

using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>The national clouds: Graph root and Entra ID authority host (learn.microsoft.com/graph/deployments).</summary>
    public sealed class GraphCloud
    {
        public static readonly GraphCloud Global = new GraphCloud("Global", "https://graph.microsoft.com", "https://login.microsoftonline.com");
        public static readonly GraphCloud USGov = new GraphCloud("USGov", "https://graph.microsoft.us", "https://login.microsoftonline.us");
        public static readonly GraphCloud USGovDoD = new GraphCloud("USGovDoD", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us");
        public static readonly GraphCloud China = new GraphCloud("China", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn");

        public static IReadOnlyList<GraphCloud> All { get; } = new[] { Global, USGov, USGovDoD, China };

        private GraphCloud(string name, string graphRoot, string authorityHost)
        {
            Name = name;
            GraphRoot = new Uri(graphRoot);
            AuthorityHost = new Uri(authorityHost);
        }

        /// <summary>Global, USGov, USGovDoD or China.</summary>
        public string Name { get; }
        /// <summary>Graph root without the version, e.g. https://graph.microsoft.com.</summary>
        public Uri GraphRoot { get; }
        /// <summary>Where tokens come from, e.g. https://login.microsoftonline.com.</summary>
        public Uri AuthorityHost { get; }

        /// <summary>The scope of an app-only or static token for this cloud's Graph: {root}/.default.</summary>
        public string DefaultScope => GraphRoot.GetLeftPart(UriPartial.Authority) + "/.default";

        /// <summary>A delegated permission as a scope of this cloud's Graph, e.g. https://graph.microsoft.us/User.Read.All.</summary>
        public string ScopeFor(string permission) =>
            permission.IndexOf("://", StringComparison.Ordinal) >= 0 ? permission : GraphRoot.GetLeftPart(UriPartial.Authority) + "/" + permission;

        public static GraphCloud Parse(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return Global;
            }

            var cloud = All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (cloud == null)
            {
                throw new SsprException("UnknownEnvironment", SsprErrorKind.InvalidArgument,
                    Texts.Format("Graph_UnknownEnvironment", name), Texts.Format("Graph_UnknownEnvironment_Action", string.Join(", ", All.Select(c => c.Name))), name);
            }

            return cloud;
        }

        public override string ToString() => Name;
    }
}
