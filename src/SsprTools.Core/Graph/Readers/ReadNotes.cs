using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Sources;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>What a read could not see, kept with the data (TenantData.Collection.Notes) and, when the user must know, warned.</summary>
    internal sealed class ReadNotes
    {
        private readonly List<string> notes = new List<string>();
        private readonly IScanObserver observer;

        public ReadNotes(IScanObserver observer)
        {
            this.observer = observer;
        }

        /// <summary>Kept with the data only.</summary>
        public void Add(string note)
        {
            lock (notes)
            {
                notes.Add(note);
            }
        }

        /// <summary>Kept with the data and shown as a warning.</summary>
        public void Warn(string note)
        {
            Add(note);
            observer.Warning(note);
        }

        private readonly List<string> denied = new List<string>();
        private readonly HashSet<string> deniedPermissions = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// An optional read refused with 403: one warning per missing permission (naming it and the Connect-SsprGraph -Scopes
        /// that adds it), kept with the data; with <paramref name="resetPath"/> every result lists it as not evaluated.
        /// </summary>
        public void Denied(string what, string path, bool resetPath)
        {
            var permission = GraphErrors.PermissionFor(path);
            string line;
            lock (notes)
            {
                if (!deniedPermissions.Add(permission))
                {
                    return;
                }

                var subject = what.Length > 0 ? char.ToUpper(what[0], System.Globalization.CultureInfo.CurrentCulture) + what.Substring(1) : what;
                line = Text.Texts.Format("Graph_OptionalReadDenied", subject, permission);
                if (resetPath)
                {
                    denied.Add(line);
                }
            }

            Warn(line);
        }

        public List<string> DeniedReads()
        {
            lock (notes)
            {
                return denied.ToList();
            }
        }

        public List<string> ToList()
        {
            lock (notes)
            {
                return notes.ToList();
            }
        }
    }
}
