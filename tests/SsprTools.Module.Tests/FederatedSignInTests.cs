using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>Connect-SsprGraph -FederatedTokenFile / -WorkloadIdentity in the real engine: parameter sets and clear errors
    /// before any network call (the token exchange itself is tested in Core against an in-process Entra stub).</summary>
    public sealed class FederatedSignInTests : IClassFixture<HostFixture>, IDisposable
    {
        private const string Token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWZlZGVyYXRlZC10b2tlbg.c2lnbmF0dXJl";
        private readonly PowerShellHost ps;
        private readonly TempFolder temp = new TempFolder("sspr-wif-module");

        public FederatedSignInTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        public void Dispose() => temp.Dispose();

        [Fact]
        public void ParameterSets_FederatedTokenFile_AndWorkloadIdentity()
        {
            var sets = ps.Run("(Get-Command Connect-SsprGraph).ParameterSets | ForEach-Object { $_.Name + ':' + (($_.Parameters | Where-Object { $_.Name -in 'TenantId','ClientId','FederatedTokenFile','WorkloadIdentity' } | ForEach-Object { $_.Name + '=' + $_.IsMandatory }) -join ',') }")
                .Output.Select(o => o.ToString()).ToList();
            Assert.Contains("FederatedToken:TenantId=False,ClientId=False,FederatedTokenFile=True", sets);
            Assert.Contains("WorkloadIdentity:TenantId=False,ClientId=False,WorkloadIdentity=True", sets);
        }

        [Fact]
        public void MissingTokenFile_IsAClearError_BeforeAnySignIn()
        {
            var missing = Path.Combine(temp.Path, "token");
            var r = ps.Run("Connect-SsprGraph -TenantId contoso.onmicrosoft.com -ClientId 0a1b2c3d-1111-2222-3333-444455556666 -FederatedTokenFile $f -Verbose",
                Vars(("f", missing)));

            var error = r.FirstError!;
            Assert.StartsWith("FederatedTokenFileNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains(missing, error.Exception.Message);
            Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
            Assert.Empty(ps.Run("Get-SsprConnection").Output);
        }

        [Fact]
        public void WorkloadIdentity_WithoutTheEnvironment_NamesWhatIsMissing_AndNeverTheToken()
        {
            if (Environment.GetEnvironmentVariable("AZURE_FEDERATED_TOKEN_FILE") != null || Environment.GetEnvironmentVariable("AZURE_TENANT_ID") != null)
            {
                return; // this machine runs with a workload identity: the message would differ (the Core tests cover it)
            }

            var tokenFile = Path.Combine(temp.Path, "token");
            File.WriteAllText(tokenFile, Token);
            var r = ps.Run("Connect-SsprGraph -WorkloadIdentity -ClientId 0a1b2c3d-1111-2222-3333-444455556666 -Verbose");

            var error = r.FirstError!;
            Assert.StartsWith("WorkloadIdentityIncomplete,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("AZURE_TENANT_ID", error.Exception.Message);
            Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", error.Exception.Message);
            var everything = string.Join("\n", r.Verbose.Concat(r.Warnings).Concat(r.Errors.Select(e => e.ToString() + e.ErrorDetails?.RecommendedAction)));
            Assert.DoesNotContain("c2VjcmV0", everything);
        }
    }
}
