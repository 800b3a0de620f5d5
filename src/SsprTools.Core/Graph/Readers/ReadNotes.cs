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

        public List<string> ToList()
        {
            lock (notes)
            {
                return notes.ToList();
            }
        }
    }
}
