using System;
using System.Security;
using System.Text;
using System.Text.Json;
using SsprTools.Core.Graph;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The reset's write body and the caller claims it relies on.</summary>
    public class PasswordWriterTests
    {
        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        private static string Jwt(object payload)
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return B64("{\"alg\":\"none\"}") + "." + B64(JsonSerializer.Serialize(payload)) + ".sig";
        }

        [Theory]
        [InlineData("Blue-Kettle-47", true)]
        [InlineData("quote\"back\\slash", false)]
        [InlineData("tab\there\u00e9\ud83d\ude00", true)]
        [InlineData("all the symbols @#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ", true)]
        public void Body_IsValidJson_WithThePasswordAndTheFlag(string password, bool force)
        {
            var body = PasswordProfileBody.Encode(Secure(password), force);
            using var doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(body.Buffer, 0, body.Length));
            var profile = doc.RootElement.GetProperty("passwordProfile");
            Assert.Equal(password, profile.GetProperty("password").GetString());
            Assert.Equal(force, profile.GetProperty("forceChangePasswordNextSignIn").GetBoolean());
            Assert.Single(doc.RootElement.EnumerateObject());

            body.Clear();
            Assert.All(body.Buffer, b => Assert.Equal(0, b));
        }

        [Fact]
        public void Scrub_RemovesEveryCopyOfTheSecret()
        {
            var secret = "Xy7#secret".ToCharArray();
            Assert.Equal("a ******** b ********", GraphPasswordWriter.Scrub("a Xy7#secret b Xy7#secret", secret));
            Assert.Equal("nothing here", GraphPasswordWriter.Scrub("nothing here", secret));
            Assert.Null(GraphPasswordWriter.Scrub(null, secret));
        }

        [Fact]
        public void Claims_ReadTheCallersObjectIdAndRoles()
        {
            var user = JwtClaims.Read(Jwt(new { tid = "t", upn = "a@contoso.com", scp = "User.Read", oid = "o-1", wids = new[] { "r-1", "r-2" } }));
            Assert.Equal("o-1", user.ObjectId);
            Assert.Equal(new[] { "r-1", "r-2" }, user.RoleTemplateIds);
            Assert.False(user.IsAppOnly);

            var app = JwtClaims.Read(Jwt(new { tid = "t", oid = "sp-1", idtyp = "app", roles = new[] { "User-PasswordProfile.ReadWrite.All" } }));
            Assert.True(app.IsAppOnly);
            Assert.Null(app.RoleTemplateIds);

            var noWids = JwtClaims.Read(Jwt(new { tid = "t", upn = "a@contoso.com", scp = "User.Read" }));
            Assert.Null(noWids.RoleTemplateIds);
            Assert.Null(noWids.ObjectId);
        }
    }
}
