using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;
using SsprTools.Core.Graph.Transport;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// The compact property store the module gives Graph models (issue 13, memory): models read through Kiota's own parse
    /// pipeline keep every property, and a model built in code serializes exactly as with Kiota's default store.
    /// </summary>
    [Collection(KiotaStoreCollection.Name)]
    public class CompactBackingStoreTests
    {
        private const string UserJson = "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"u1\",\"userPrincipalName\":\"ada@contoso.com\"," +
            "\"accountEnabled\":false,\"businessPhones\":[\"+47 22 00 00 00\"],\"otherMails\":[\"ada@example.org\",\"a@example.net\"]," +
            "\"createdDateTime\":\"2026-01-02T03:04:05Z\",\"authorizationInfo\":{\"certificateUserIds\":[\"X509:<PN>ada@contoso.com\"]}," +
            "\"onPremisesSyncEnabled\":null,\"extra\":\"kept\"}";

        private static T Parse<T>(string json, ParsableFactory<T> factory) where T : IParsable
        {
            var parser = new BackingStoreParseNodeFactory(new JsonParseNodeFactory());
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            return parser.GetRootParseNodeAsync("application/json", stream).GetAwaiter().GetResult().GetObjectValue(factory)!;
        }

        private static string Serialize(IParsable model)
        {
            var writerFactory = new BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory());
            using var writer = writerFactory.GetSerializationWriter("application/json");
            writer.WriteObjectValue(null, model);
            using var reader = new StreamReader(writer.GetSerializedContent());
            return reader.ReadToEnd();
        }

        private static T With<T>(IBackingStoreFactory factory, Func<T> make)
        {
            lock (typeof(BackingStoreFactorySingleton))
            {
                var before = BackingStoreFactorySingleton.Instance;
                BackingStoreFactorySingleton.Instance = factory;
                try
                {
                    return make();
                }
                finally
                {
                    BackingStoreFactorySingleton.Instance = before;
                }
            }
        }

        [Fact]
        public void ParsedModel_KeepsEveryProperty()
        {
            var user = With(CompactBackingStoreFactory.Instance, () => Parse(UserJson, User.CreateFromDiscriminatorValue));

            Assert.IsType<CompactBackingStore>(user.BackingStore);
            Assert.Equal("u1", user.Id);
            Assert.Equal("ada@contoso.com", user.UserPrincipalName);
            Assert.False(user.AccountEnabled);
            Assert.Null(user.OnPremisesSyncEnabled);
            Assert.Equal(new[] { "+47 22 00 00 00" }, user.BusinessPhones);
            Assert.Equal(new[] { "ada@example.org", "a@example.net" }, user.OtherMails);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), user.CreatedDateTime);
            Assert.Equal(new[] { "X509:<PN>ada@contoso.com" }, user.AuthorizationInfo!.CertificateUserIds);
            Assert.Equal("kept", user.AdditionalData["extra"]?.ToString());
        }

        [Fact]
        public void ParsedModel_ReadsTheSameAsWithKiotasDefaultStore()
        {
            var compact = With(CompactBackingStoreFactory.Instance, () => Parse(UserJson, User.CreateFromDiscriminatorValue));
            var standard = With(new InMemoryBackingStoreFactory(), () => Parse(UserJson, User.CreateFromDiscriminatorValue));

            Assert.IsType<InMemoryBackingStore>(standard.BackingStore);
            Assert.Equal(standard.BackingStore.Enumerate().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal),
                compact.BackingStore.Enumerate().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void ModelBuiltInCode_SerializesAsWithKiotasDefaultStore()
        {
            static User Build() => new User
            {
                AccountEnabled = false,
                DisplayName = "Ada",
                OtherMails = new List<string> { "ada@example.org" },
                PasswordProfile = new PasswordProfile { ForceChangePasswordNextSignIn = true },
                MobilePhone = null,
            };

            var compact = Serialize(With(CompactBackingStoreFactory.Instance, Build));
            var standard = Serialize(With(new InMemoryBackingStoreFactory(), Build));

            Assert.Equal(standard, compact);
            Assert.Contains("\"accountEnabled\":false", compact, StringComparison.Ordinal);
            Assert.Contains("\"forceChangePasswordNextSignIn\":true", compact, StringComparison.Ordinal);
            Assert.Contains("\"mobilePhone\":null", compact, StringComparison.Ordinal);
        }

        [Fact]
        public void Store_SetGetEnumerateSubscribeClear()
        {
            var store = new CompactBackingStore();
            var seen = new List<string>();
            var id = store.Subscribe((key, _, now) => seen.Add(key + "=" + now));
            for (var i = 0; i < 9; i++)
            {
                store.Set("k" + i, i);
            }

            store.Set("k3", (int?)null);
            store.Set<string>("name", "x");
            Assert.Equal(8, store.Get<int>("k8"));
            Assert.Null(store.Get<int?>("k3"));
            Assert.Equal("x", store.Get<string>(new string("name".ToCharArray())));
            Assert.Equal(0, store.Get<int>("absent"));
            Assert.Equal(10, store.Enumerate().Count());
            Assert.Equal(new[] { "k3" }, store.EnumerateKeysForValuesChangedToNull());
            Assert.Equal(11, seen.Count);
            Assert.Equal("k3=", seen[9]);

            store.Unsubscribe(id);
            store.Set("k0", 5);
            Assert.Equal(11, seen.Count);

            store.Clear();
            Assert.Empty(store.Enumerate());
            Assert.Throws<ArgumentNullException>(() => store.Get<string>(""));
        }

        [Fact]
        public void GraphClient_MakesModelsUseTheCompactStore()
        {
            lock (typeof(BackingStoreFactorySingleton))
            {
                BackingStoreFactorySingleton.Instance = new InMemoryBackingStoreFactory();
                var credential = new Azure.Identity.ClientSecretCredential("t", "c", "s");
                var connection = new Graph.SsprConnection("t", null, Graph.SsprAuthType.ClientSecret, Graph.GraphCloud.Global,
                    new Uri("http://127.0.0.1:9/"), Array.Empty<string>(), credential, Array.Empty<string>());
                _ = Graph.GraphClients.Create(connection);
                Assert.Same(CompactBackingStoreFactory.Instance, BackingStoreFactorySingleton.Instance);
                Assert.IsType<CompactBackingStore>(new User().BackingStore);
            }
        }
    }

    /// <summary>Kiota's store factory is process-wide and every Graph client sets it: these tests run alone.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class KiotaStoreCollection
    {
        public const string Name = "Kiota backing store";
    }
}
