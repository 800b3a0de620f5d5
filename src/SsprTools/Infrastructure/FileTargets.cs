using System;
using System.Management.Automation;
using SsprTools.Core.Files;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>The -Path of an export: resolved against the PowerShell location, on a file system drive only.</summary>
    internal static class FileTargets
    {
        /// <summary>The file system path of <paramref name="path"/>; an SsprException (PathInvalid, PathNotFileSystem) otherwise.</summary>
        public static string Resolve(PSCmdlet cmdlet, string path, AtomicFileWriter writer)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is DriveNotFoundException || e is ProviderNotFoundException ||
                                      e is PSArgumentException || e is NotSupportedException || e is ArgumentException)
            {
                throw writer.InvalidPath(path, e);
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw writer.NotFileSystem(path, provider.Name);
            }

            return resolved;
        }
    }
}
