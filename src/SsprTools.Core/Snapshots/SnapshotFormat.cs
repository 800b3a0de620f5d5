using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SsprTools.Core.Files;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Snapshots
{
    /// <summary>The versioned JSON snapshot format (docs/snapshot-format.md): read with clear errors, write for export.</summary>
    public static class SnapshotFormat
    {
        /// <summary>Bump when a change would make an older reader misread a file; additive fields do not need it.</summary>
        /// <remarks>2 (issue 12): group owners, the authentication methods policy, certificate user ids and the rest of what
        /// the 2027 rules read. A version-1 reader would ignore them and claim resetters that owners of role-assignable groups
        /// do not have, hence the bump. Version-1 files still load; the checks their data lacks are "not evaluated".</remarks>
        public const int CurrentSchemaVersion = 2;

        /// <summary>The first version that records group owners, the methods policy and certificate user ids.</summary>
        public const int OwnersAndPolicyVersion = 2;

        /// <summary>A snapshot of a very large tenant is tens of MB; anything far larger is not a snapshot.</summary>
        public const long MaxFileBytes = 512L * 1024 * 1024;

        public static readonly JsonSerializerOptions Options = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                WriteIndented = true,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 64,
            };
            options.Converters.Add(new NullAsEmptyListConverterFactory());
            return options;
        }

        public static TenantData ReadFile(string path)
        {
            if (Directory.Exists(path))
            {
                var example = Directory.EnumerateFiles(path, "*.json").FirstOrDefault() ?? Path.Combine(path, "tenant.snapshot.json");
                throw new SsprException("SnapshotPathIsDirectory", SsprErrorKind.InvalidArgument,
                    Texts.Format("Snapshot_IsDirectory", path), Texts.Format("Snapshot_IsDirectory_Action", example), path);
            }

            if (!File.Exists(path))
            {
                throw new SsprException("SnapshotNotFound", SsprErrorKind.ObjectNotFound,
                    Texts.Format("Snapshot_NotFound", path), Texts.Get("Snapshot_NotFound_Action"), path);
            }

            byte[] bytes;
            try
            {
                var length = new FileInfo(path).Length;
                if (length > MaxFileBytes)
                {
                    throw new SsprException("SnapshotTooLarge", SsprErrorKind.InvalidData,
                        Texts.Format("Snapshot_TooLarge", path, length, MaxFileBytes), null, path);
                }

                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SsprException("SnapshotUnreadable", SsprErrorKind.InvalidArgument,
                    Texts.Format("Snapshot_Unreadable", path, e.Message), null, path, e);
            }

            return Read(bytes, path);
        }

        /// <summary>Parse snapshot bytes; <paramref name="name"/> only names the file in messages.</summary>
        public static TenantData Read(byte[] utf8, string name)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(utf8, new JsonDocumentOptions
                {
                    AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip,
                    MaxDepth = 64,
                });
            }
            catch (JsonException e)
            {
                throw new SsprException("SnapshotMalformed", SsprErrorKind.InvalidData,
                    Texts.Format("Snapshot_Malformed", name, FirstSentence(e.Message), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1),
                    Texts.Get("Snapshot_Malformed_Action"), name, e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(name, "the top level must be a JSON object.");
                }

                if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
                    || !version.TryGetInt32(out var schemaVersion) || schemaVersion < 1)
                {
                    throw new SsprException("SnapshotSchemaVersionMissing", SsprErrorKind.InvalidData,
                        Texts.Format("Snapshot_SchemaMissing", name), Texts.Get("Snapshot_Invalid_Action"), name);
                }

                if (schemaVersion > CurrentSchemaVersion)
                {
                    throw new SsprException("SnapshotSchemaTooNew", SsprErrorKind.InvalidData,
                        Texts.Format("Snapshot_SchemaTooNew", name, schemaVersion, CurrentSchemaVersion),
                        Texts.Get("Snapshot_SchemaTooNew_Action"), name);
                }

                TenantData? data;
                try
                {
                    data = root.Deserialize<TenantData>(Options);
                }
                catch (JsonException e)
                {
                    throw new SsprException("SnapshotInvalidValue", SsprErrorKind.InvalidData,
                        Texts.Format("Snapshot_WrongType", name, e.Path ?? "$", FirstSentence(e.Message)),
                        Texts.Get("Snapshot_Invalid_Action"), name, e);
                }
                catch (Exception e) when (e is InvalidOperationException || e is NotSupportedException || e is FormatException || e is OverflowException)
                {
                    throw Invalid(name, FirstSentence(e.Message), e);
                }

                if (data == null)
                {
                    throw Invalid(name, "the snapshot is empty.");
                }

                Validate(data, name);
                return data;
            }
        }

        /// <summary>The snapshot as UTF-8 JSON (no BOM), as Export-SsprTenantSnapshot writes it.</summary>
        public static byte[] Serialize(TenantData data) =>
            new UTF8Encoding(false).GetBytes(JsonSerializer.Serialize(data, Options));

        /// <summary>Writes a snapshot file through the exports' writer (temporary file, then one rename).</summary>
        public static void WriteFile(TenantData data, string path, bool overwrite = true) =>
            new AtomicFileWriter("Snapshot", "tenant.snapshot.json").Write(path, Serialize(data), overwrite);

        private static void Validate(TenantData data, string name)
        {
            if (data.Tenant == null || string.IsNullOrWhiteSpace(data.Tenant.Id))
            {
                throw Invalid(name, "tenant.id is required.");
            }

            CheckEntries(data.Tenant.VerifiedDomains, "tenant.verifiedDomains", d => string.IsNullOrWhiteSpace(d.Name) ? "needs a name" : null, name);

            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < data.Users.Count; i++)
            {
                var user = data.Users[i];
                if (user == null)
                {
                    throw Invalid(name, $"users[{i}] is null.");
                }

                if (string.IsNullOrWhiteSpace(user.Id) || string.IsNullOrWhiteSpace(user.UserPrincipalName))
                {
                    throw Invalid(name, $"users[{i}] needs both id and userPrincipalName.");
                }

                if (!ids.Add(user.Id))
                {
                    throw Invalid(name, $"users[{i}]: the id '{user.Id}' appears twice.");
                }

                if (user.AuthenticationMethods != null && user.AuthenticationMethods.Any(m => m == null))
                {
                    throw Invalid(name, $"users[{i}].authenticationMethods holds a null entry.");
                }
            }

            CheckEntries(data.Groups, "groups", g => string.IsNullOrWhiteSpace(g.Id) ? "needs an id" : null, name);
            CheckEntries(data.AdministrativeUnits, "administrativeUnits", a => string.IsNullOrWhiteSpace(a.Id) ? "needs an id" : null, name);
            CheckEntries(data.RoleDefinitions, "roleDefinitions", r => string.IsNullOrWhiteSpace(r.Id) ? "needs an id" : null, name);
            CheckEntries(data.RoleAssignments, "roleAssignments", AssignmentProblem, name);
            CheckEntries(data.RoleEligibilities, "roleEligibilities", AssignmentProblem, name);
            CheckEntries(data.AuditEvents, "auditEvents", _ => null, name);
        }

        private static string? AssignmentProblem(RoleAssignmentInfo a) =>
            string.IsNullOrWhiteSpace(a.PrincipalId) || string.IsNullOrWhiteSpace(a.RoleDefinitionId)
                ? "needs principalId and roleDefinitionId"
                : a.DirectoryScopeId == null ? "needs a directoryScopeId (\"/\" for the tenant)" : null;

        private static void CheckEntries<T>(IReadOnlyList<T> items, string field, Func<T, string?> problem, string name)
            where T : class
        {
            for (var i = 0; i < items.Count; i++)
            {
                var p = items[i] == null ? "is null" : problem(items[i]);
                if (p != null)
                {
                    throw Invalid(name, $"{field}[{i}] {p}.");
                }
            }
        }

        private static SsprException Invalid(string name, string why, Exception? inner = null) =>
            new SsprException("SnapshotInvalid", SsprErrorKind.InvalidData, Texts.Format("Snapshot_Invalid", name, why),
                Texts.Get("Snapshot_Invalid_Action"), name, inner);

        private static string FirstSentence(string message)
        {
            // System.Text.Json appends "Path: … | LineNumber: …" which the caller reports in its own words.
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).Trim();
        }

        /// <summary>Reads JSON null as an empty list (a snapshot with "users": null is simply empty) and skips null entries.</summary>
        private sealed class NullAsEmptyListConverterFactory : JsonConverterFactory
        {
            public override bool CanConvert(Type typeToConvert) =>
                typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

            public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
                (JsonConverter)Activator.CreateInstance(typeof(NullAsEmptyListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
        }

        private sealed class NullAsEmptyListConverter<T> : JsonConverter<IReadOnlyList<T>>
        {
            public override bool HandleNull => true;

            public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return Array.Empty<T>();
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"expected an array, found {reader.TokenType}.");
                }

                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // A null entry carries nothing; dropping it keeps every rule free of null checks.
                    var item = JsonSerializer.Deserialize<T>(ref reader, options);
                    if (item != null)
                    {
                        list.Add(item);
                    }
                }

                return list;
            }

            public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
            {
                writer.WriteStartArray();
                foreach (var item in value)
                {
                    JsonSerializer.Serialize(writer, item, options);
                }

                writer.WriteEndArray();
            }
        }
    }
}
