using System;
using System.IO;
using System.Security;
using SsprTools.Core.Text;

namespace SsprTools.Core.Files
{
    /// <summary>
    /// The one way SsprTools writes a file (Export-SsprTenantSnapshot, Export-SsprReadinessReport): the same rules and
    /// the same typed errors for every export.
    /// <list type="bullet">
    /// <item>An existing file is replaced only when <c>overwrite</c> (-Force) is set: <c>{prefix}FileExists</c>.</item>
    /// <item>The folder must exist (as with Out-File and Export-Csv): <c>{prefix}FolderNotFound</c>.</item>
    /// <item>A directory is not a file: <c>{prefix}PathIsDirectory</c>.</item>
    /// <item>The content goes to a temporary file with a random name in the same folder, which then replaces the
    /// target in one rename: a reader never sees half a file, and an interrupted write leaves the old file.</item>
    /// <item>I/O and access failures: <c>{prefix}WriteFailed</c>, never an unexpected error.</item>
    /// </list>
    /// Errors are <see cref="SsprException"/>s, which the cmdlets turn into ErrorRecords.
    /// </summary>
    public sealed class AtomicFileWriter
    {
        /// <param name="errorIdPrefix">Prefix of the error ids, e.g. "Report" gives ReportFileExists.</param>
        /// <param name="exampleFileName">A file name the errors suggest, e.g. sspr-report.html.</param>
        public AtomicFileWriter(string errorIdPrefix, string exampleFileName)
        {
            ErrorIdPrefix = errorIdPrefix;
            ExampleFileName = exampleFileName;
        }

        public string ErrorIdPrefix { get; }
        public string ExampleFileName { get; }

        /// <summary>Checks that <paramref name="path"/> (a full file system path) may be written; throws the typed error when not.</summary>
        /// <exception cref="SsprException">PathIsDirectory, FolderNotFound, FileExists or PathInvalid.</exception>
        public void Check(string path, bool overwrite)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is SecurityException)
            {
                throw InvalidPath(path, e);
            }

            if (Directory.Exists(full))
            {
                throw Error("PathIsDirectory", SsprErrorKind.InvalidArgument, Texts.Format("File_PathIsDirectory", full),
                    Texts.Format("File_PathIsDirectory_Action", Path.Combine(full, ExampleFileName)), full);
            }

            var folder = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                throw Error("FolderNotFound", SsprErrorKind.ObjectNotFound, Texts.Format("File_FolderNotFound", folder, full),
                    Texts.Format("File_FolderNotFound_Action", folder), full);
            }

            if (!overwrite && File.Exists(full))
            {
                throw FileExists(full);
            }
        }

        /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> under the rules above; returns the full path.</summary>
        /// <exception cref="SsprException">As <see cref="Check"/>, or WriteFailed.</exception>
        public string Write(string path, byte[] content, bool overwrite)
        {
            Check(path, overwrite);
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full);
            var temp = Path.Combine(string.IsNullOrEmpty(folder) ? "." : folder!,
                "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                if (overwrite && File.Exists(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    try
                    {
                        // Move refuses an existing target: without overwrite, a file that appeared since the check is kept.
                        File.Move(temp, full);
                    }
                    catch (IOException) when (overwrite && File.Exists(full))
                    {
                        File.Replace(temp, full, null);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is SecurityException)
            {
                TryDelete(temp);
                if (!overwrite && File.Exists(full))
                {
                    throw FileExists(full);
                }

                throw Error("WriteFailed", SsprErrorKind.WriteError, Texts.Format("File_WriteFailed", full, e.Message), Texts.Get("File_WriteFailed_Action"), full, e);
            }

            return full;
        }

        /// <summary>A -Path that is not on a file system drive (the cmdlet's provider check).</summary>
        public SsprException NotFileSystem(string path, string provider) =>
            Error("PathNotFileSystem", SsprErrorKind.InvalidArgument, Texts.Format("File_NotFileSystem", path, provider),
                Texts.Get("File_NotFileSystem_Action"), path);

        /// <summary>A -Path that cannot be resolved at all (unknown drive, bad syntax).</summary>
        public SsprException InvalidPath(string path, Exception inner) =>
            Error("PathInvalid", SsprErrorKind.InvalidArgument, Texts.Format("File_PathInvalid", path, inner.Message), Texts.Get("File_PathInvalid_Action"), path, inner);

        private SsprException FileExists(string full) =>
            Error("FileExists", SsprErrorKind.ResourceExists, Texts.Format("File_Exists", full), Texts.Get("File_Exists_Action"), full);

        private SsprException Error(string id, SsprErrorKind kind, string message, string action, string target, Exception? inner = null) =>
            new SsprException(ErrorIdPrefix + id, kind, message, action, target, inner);

        private static void TryDelete(string file)
        {
            try
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
