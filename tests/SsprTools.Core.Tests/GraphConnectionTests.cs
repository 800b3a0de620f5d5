using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using SsprTools.Core;
using SsprTools.Core.Graph;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    public class GraphConnectionTests
    {
        [Theory]
        [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com/")]
        [InlineData("https://graph.microsoft.com/", "https://graph.microsoft.com/")]
        [InlineData("https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/")]
        [InlineData("https://proxy.contoso.com:8443/graph", "https://proxy.contoso.com:8443/graph")]
        [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
        [InlineData("http://127.10.20.30:5000/", "http://127.10.20.30:5000/")]
        [InlineData("http://localhost:5000", "http://localhost:5000/")]
        [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
        public void Endpoint_Accepted(string input, string expected)
        {
            Assert.Equal(expected, GraphEndpoints.Validate(input).ToString());
        }

        [Theory]
        [InlineData("http://example.com")]
        [InlineData("http://graph.microsoft.com")]
        [InlineData("http://10.0.0.1:5000")]
        [InlineData("http://128.0.0.1")]
        [InlineData("http://localhost.evil.com")]
        [InlineData("http://[::2]:80")]
        public void Endpoint_PlainHttpOffThisMachine_Refused(string input)
        {
            var e = Assert.Throws<SsprException>(() => GraphEndpoints.Validate(input));
            Assert.Equal("InsecureGraphEndpoint", e.ErrorId);
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
        }

        [Theory]
        [InlineData("graph.microsoft.com")]
        [InlineData("ftp://graph.microsoft.com")]
        [InlineData("https://user:pw@graph.microsoft.com")]
        [InlineData("https://graph.microsoft.com/?x=1")]
        [InlineData("")]
        public void Endpoint_NotARoot_Refused(string input)
        {
            var e = Assert.Throws<SsprException>(() => GraphEndpoints.Validate(input));
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
        }

        [Theory]
        [InlineData("Global", "https://graph.microsoft.com/", "https://login.microsoftonline.com/")]
        [InlineData("usgov", "https://graph.microsoft.us/", "https://login.microsoftonline.us/")]
        [InlineData("USGovDoD", "https://dod-graph.microsoft.us/", "https://login.microsoftonline.us/")]
        [InlineData("China", "https://microsoftgraph.chinacloudapi.cn/", "https://login.chinacloudapi.cn/")]
        public void Clouds(string name, string graph, string authority)
        {
            var cloud = GraphCloud.Parse(name);
            Assert.Equal(graph, cloud.GraphRoot.ToString());
            Assert.Equal(authority, cloud.AuthorityHost.ToString());
            Assert.Equal(graph + ".default", cloud.DefaultScope);
            Assert.Equal(graph + "User.Read.All", cloud.ScopeFor("User.Read.All"));
        }

        [Fact]
        public void Clouds_DefaultAndUnknown()
        {
            Assert.Same(GraphCloud.Global, GraphCloud.Parse(null));
            Assert.Equal("UnknownEnvironment", Assert.Throws<SsprException>(() => GraphCloud.Parse("Germany")).ErrorId);
        }

        private static string Jwt(object payload)
        {
            static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return B64("{\"alg\":\"RS256\"}") + "." + B64(JsonSerializer.Serialize(payload)) + ".sig";
        }

        [Fact]
        public void Jwt_DelegatedClaims()
        {
            var claims = JwtClaims.Read(Jwt(new { tid = "t-1", upn = "admin@contoso.com", scp = "User.Read.All  Policy.Read.All", exp = 2000000000L }));
            Assert.True(claims.IsJwt);
            Assert.Equal("t-1", claims.TenantId);
            Assert.Equal("admin@contoso.com", claims.Account);
            Assert.Equal(new[] { "User.Read.All", "Policy.Read.All" }, claims.Scopes);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2000000000), claims.ExpiresOn);
        }

        [Fact]
        public void Jwt_AppOnlyClaims()
        {
            var claims = JwtClaims.Read(Jwt(new { tid = "t-2", app_displayname = "SSPR scanner", appid = "a-1", roles = new[] { "User.Read.All", "AuditLog.Read.All" } }));
            Assert.Equal("SSPR scanner", claims.Account);
            Assert.Equal("a-1", claims.AppId);
            Assert.Equal(new[] { "User.Read.All", "AuditLog.Read.All" }, claims.Scopes);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("opaque-token")]
        [InlineData("a.!!!.c")]
        [InlineData("a.bm90IGpzb24.c")]
        public void Jwt_NotAJwt_IsEmpty(string? token)
        {
            var claims = JwtClaims.Read(token);
            Assert.False(claims.IsJwt);
            Assert.Empty(claims.Scopes);
            Assert.Null(claims.TenantId);
        }

        private sealed class Recorder : SsprTools.Core.Sources.IScanObserver
        {
            public readonly System.Collections.Generic.List<string> Warnings = new System.Collections.Generic.List<string>();
            public void Verbose(string message) { }
            public void Warning(string message) => Warnings.Add(message);
            public void Progress(string activity, string status, int percent) { }
        }

        [Fact]
        public async System.Threading.Tasks.Task SignInPrompts_ReachTheObserverOfTheirOwnFlow()
        {
            var a = new Recorder();
            var b = new Recorder();
            async System.Threading.Tasks.Task Flow(Recorder r, string message)
            {
                GraphCallContext.Set(r);
                await System.Threading.Tasks.Task.Yield();
                GraphCallContext.Prompt(message);
            }

            await System.Threading.Tasks.Task.WhenAll(System.Threading.Tasks.Task.Run(() => Flow(a, "code A")), System.Threading.Tasks.Task.Run(() => Flow(b, "code B")));
            Assert.Equal(new[] { "code A" }, a.Warnings);
            Assert.Equal(new[] { "code B" }, b.Warnings);
        }

        [Fact]
        public void StaticToken_IsReturnedAsIs_WithItsExpiry()
        {
            var token = Jwt(new { tid = "t", exp = 2000000000L });
            var credential = new StaticTokenCredential(token);
            var result = credential.GetToken(new Azure.Core.TokenRequestContext(new[] { "https://graph.microsoft.com/.default" }), default);
            Assert.Equal(token, result.Token);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2000000000), result.ExpiresOn);
        }

        [Fact]
        public void PermissionFor_NamesTheLeastPrivilegedScope()
        {
            Assert.Equal("UserAuthenticationMethod.Read.All", GraphErrors.PermissionFor("/v1.0/users/abc/authentication/methods"));
            Assert.Equal("User.Read.All", GraphErrors.PermissionFor("users"));
            Assert.Equal("Policy.Read.All", GraphErrors.PermissionFor("policies/authorizationPolicy"));
            Assert.Equal("RoleManagement.Read.Directory", GraphErrors.PermissionFor("roleManagement/directory/roleAssignments"));
            Assert.Equal("AuditLog.Read.All", GraphErrors.PermissionFor("reports/authenticationMethods/userRegistrationDetails"));
            Assert.Equal("GroupMember.Read.All", GraphErrors.PermissionFor("groups/x/members"));
        }

        [Fact]
        public void SignInErrors_UnknownTenant()
        {
            var e = GraphErrors.SignIn(new Azure.Identity.AuthenticationFailedException(
                "ClientSecretCredential authentication failed: AADSTS90002: Tenant 'nope.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID."));
            Assert.Equal("TenantNotFound", e.ErrorId);
            Assert.Equal(SsprErrorKind.ObjectNotFound, e.Kind);
            Assert.Contains("-TenantId", e.RecommendedAction);
        }

        [Theory]
        [InlineData("+47 41234567")]
        [InlineData("+1 425 555 0123")]
        [InlineData("+81 09012345678")]
        [InlineData("+44 20 7946 0321")]
        [InlineData("4255550199")]
        [InlineData("+31 612345678x12")]
        [InlineData("n/a")]
        public void Redactor_NumbersAnalyseAlike_AndChange(string number)
        {
            var data = new TenantData
            {
                Tenant = new TenantInfo { Id = "t" },
                Users = new[]
                {
                    new DirectoryUser { Id = "1", UserPrincipalName = "a@contoso.com", MobilePhone = number, OtherMails = new[] { "anna.private@example.net", "a@contoso.com" } },
                    new DirectoryUser { Id = "2", UserPrincipalName = "b@contoso.com", MobilePhone = number, OtherMails = new[] { "ANNA.private@example.net" } },
                },
            };
            var redacted = SnapshotRedactor.Redact(data);
            Assert.True(redacted.Redacted);
            var before = PhoneAnalyzer.Analyze(number);
            var after = redacted.Users[0].MobilePhone!;
            Assert.Equal(SnapshotRedactor.Fingerprint(before), SnapshotRedactor.Fingerprint(PhoneAnalyzer.Analyze(after)));
            Assert.Equal(after, redacted.Users[1].MobilePhone);
            if (number.Count(char.IsDigit) >= 6)
            {
                Assert.NotEqual(number, after);
            }

            Assert.Equal("a\u20261@example.net", redacted.Users[0].OtherMails[0]);
            Assert.Equal("a@contoso.com", redacted.Users[0].OtherMails[1]); // the account's own address stays its identity
            Assert.Equal(redacted.Users[0].OtherMails[0], redacted.Users[1].OtherMails[0], StringComparer.OrdinalIgnoreCase);
        }
    }
}
