using System;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.Graph.Models.ODataErrors;
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

        private static readonly Uri Endpoint = new Uri("https://graph.microsoft.com/");

        private static PasswordWrite Write(string password = "Xy7#secret-Pw") => new PasswordWrite
        {
            UserId = "u-1",
            UserPrincipalName = "emily.carter@contoso.com",
            Password = Secure(password),
            RolesThatMayReset = new[] { "Privileged Authentication Administrator", "Global Administrator" },
        };

        private static ODataError Graph(int status, string code, string message) =>
            new ODataError { ResponseStatusCode = status, Error = new MainError { Code = code, Message = message } };

        [Fact]
        public void Forbidden_NamesThePermissionAndTheRoles()
        {
            var e = Assert.IsType<SsprException>(GraphPasswordWriter.MapFailure(
                Graph(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), Write(), Endpoint));
            Assert.Equal("ResetPermissionDenied", e.ErrorId);
            Assert.Equal(SsprErrorKind.PermissionDenied, e.Kind);
            Assert.Contains("User-PasswordProfile.ReadWrite.All", e.Message);
            Assert.Contains("Authorization_RequestDenied", e.Message);
            Assert.Contains("Privileged Authentication Administrator or Global Administrator", e.RecommendedAction);
        }

        [Theory]
        [InlineData("Request_BadRequest", "The specified password does not comply with password complexity requirements. Please provide a different password.")]
        [InlineData("Request_BadRequest", "PasswordDoesnotComplyFuzzyPolicy")]
        [InlineData("Request_BadRequest", "The password is on the banned password list.")]
        public void WeakOrBanned_IsPasswordRejected_SuggestingAGeneratedOne(string code, string message)
        {
            var e = Assert.IsType<SsprException>(GraphPasswordWriter.MapFailure(Graph(400, code, message), Write(), Endpoint));
            Assert.Equal("PasswordRejected", e.ErrorId);
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("banned password list", e.Message);
            Assert.Contains("Omit -NewPassword", e.RecommendedAction);
        }

        [Fact]
        public void OtherBadRequests_NotFound_AndThrottling_KeepTheirMeaning()
        {
            var other = Assert.IsType<SsprException>(GraphPasswordWriter.MapFailure(Graph(400, "Request_BadRequest", "Property 'x' is read-only."), Write(), Endpoint));
            Assert.Equal("GraphRequestFailed", other.ErrorId);
            var missing = Assert.IsType<SsprException>(GraphPasswordWriter.MapFailure(Graph(404, "Request_ResourceNotFound", "Resource 'u-1' does not exist."), Write(), Endpoint));
            Assert.Equal("UserNotFound", missing.ErrorId);
            Assert.Equal(SsprErrorKind.ObjectNotFound, missing.Kind);
            var throttled = Assert.IsType<SsprException>(GraphPasswordWriter.MapFailure(Graph(429, "TooManyRequests", "Too many requests"), Write(), Endpoint));
            Assert.Equal("GraphThrottled", throttled.ErrorId);
            Assert.Equal(SsprErrorKind.LimitsExceeded, throttled.Kind);
        }

        [Fact]
        public void AServiceThatEchoesThePassword_NeverGetsItIntoTheError()
        {
            var write = Write("Xy7#secret-Pw");
            var mapped = GraphPasswordWriter.MapFailure(Graph(400, "Request_BadRequest", "Password 'Xy7#secret-Pw' does not comply with password complexity requirements."), write, Endpoint);
            var e = Assert.IsType<SsprException>(GraphPasswordWriter.Redacted(mapped, write.Password));
            Assert.DoesNotContain("Xy7#secret-Pw", e.Message);
            Assert.Contains("********", e.Message);
            Assert.Null(e.InnerException);
            Assert.Equal("PasswordRejected", e.ErrorId);
        }

        [Fact]
        public void NewPasswordBody_HoldsOnlyThePassword()
        {
            var body = PasswordProfileBody.EncodeNewPassword(Secure("Blue\"Kettle\\47"));
            using var doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(body.Buffer, 0, body.Length));
            Assert.Equal("Blue\"Kettle\\47", doc.RootElement.GetProperty("newPassword").GetString());
            Assert.Single(doc.RootElement.EnumerateObject());
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
