using System;
using System.IO;
using System.Linq;
using System.Text;
using SsprTools.Core;
using SsprTools.Core.Files;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The one file writer of both exports: -Force, a missing folder, a directory, I/O failures, no leftovers.</summary>
    public sealed class AtomicFileWriterTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("sspr-writer").FullName;
        private readonly AtomicFileWriter writer = new AtomicFileWriter("Report", "sspr-report.html");

        public void Dispose()
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
            }
        }

        private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

        [Fact]
        public void Writes_a_new_file_and_leaves_nothing_else()
        {
            var path = Path.Combine(dir, "r.html");
            Assert.Equal(path, writer.Write(path, Bytes("new"), overwrite: false));
            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void Replaces_an_existing_file_only_when_told_to()
        {
            var path = Path.Combine(dir, "r.html");
            File.WriteAllText(path, "keep me");
            var e = Assert.Throws<SsprException>(() => writer.Write(path, Bytes("new"), overwrite: false));
            Assert.Equal("ReportFileExists", e.ErrorId);
            Assert.Equal(SsprErrorKind.ResourceExists, e.Kind);
            Assert.Contains("-Force", e.RecommendedAction);
            Assert.Equal("keep me", File.ReadAllText(path));

            writer.Write(path, Bytes("new"), overwrite: true);
            Assert.Equal("new", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void A_missing_folder_is_an_error_and_is_not_created()
        {
            var path = Path.Combine(dir, "no-such-folder", "r.html");
            var e = Assert.Throws<SsprException>(() => writer.Write(path, Bytes("x"), overwrite: true));
            Assert.Equal("ReportFolderNotFound", e.ErrorId);
            Assert.Equal(SsprErrorKind.ObjectNotFound, e.Kind);
            Assert.Contains("no-such-folder", e.Message);
            Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        }

        [Fact]
        public void A_directory_is_not_a_file()
        {
            var e = Assert.Throws<SsprException>(() => writer.Check(dir, overwrite: true));
            Assert.Equal("ReportPathIsDirectory", e.ErrorId);
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("sspr-report.html", e.RecommendedAction);
        }

        [Fact]
        public void An_IO_failure_is_a_typed_write_error_and_leaves_no_temporary_file()
        {
            // A name longer than any file system allows: the folder exists, the file does not, creating it fails.
            var path = Path.Combine(dir, new string('a', 300) + ".html");
            var e = Assert.Throws<SsprException>(() => writer.Write(path, Bytes("x"), overwrite: false));
            Assert.Equal("ReportWriteFailed", e.ErrorId);
            Assert.Equal(SsprErrorKind.WriteError, e.Kind);
            Assert.IsAssignableFrom<IOException>(e.InnerException);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void The_temporary_file_is_in_the_same_folder_with_a_random_name()
        {
            // Two writers racing for one target both go through their own temporary file; the last rename wins whole.
            var path = Path.Combine(dir, "r.html");
            var big = new string('x', 2_000_000);
            System.Threading.Tasks.Parallel.For(0, 4, i => writer.Write(path, Bytes(i + big), overwrite: true));
            var text = File.ReadAllText(path);
            Assert.Equal(big.Length + 1, text.Length);
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void The_prefix_names_the_export()
        {
            var snapshot = new AtomicFileWriter("Snapshot", "tenant.snapshot.json");
            var path = Path.Combine(dir, "s.json");
            File.WriteAllText(path, "{}");
            Assert.Equal("SnapshotFileExists", Assert.Throws<SsprException>(() => snapshot.Check(path, overwrite: false)).ErrorId);
            Assert.Equal("SnapshotPathNotFileSystem", snapshot.NotFileSystem("HKLM:\\x", "Registry").ErrorId);
        }
    }
}
