using System;
using System.IO;

namespace SsprTools.Module.Tests
{
    /// <summary>A folder of its own under the temp directory for one test class, deleted with everything in it at the end.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder(string prefix)
        {
            Path = Directory.CreateTempSubdirectory(prefix).FullName;
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, true);
            }
            catch (IOException)
            {
                // A file still held open (a browser profile, an antivirus scan) is left to the temp folder's own cleanup.
            }
        }
    }
}
