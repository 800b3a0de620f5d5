@{
    RootModule             = 'SsprTools.dll'
    # Imported first: isolates SsprTools.Core and its dependencies (dependencies/) from other modules' versions.
    NestedModules          = @('SsprTools.Init.dll')
    # Set from <Version> in Directory.Build.props when the build lays the module out in out/SsprTools; 0.0.0 marks this
    # copy as the source, not a built module.
    ModuleVersion          = '0.0.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '5a0f3b1e-6c2d-4d8a-9f47-2b7e1c9d3a61'
    Author                 = 'SsprTools contributors'
    CompanyName            = 'SsprTools'
    Copyright              = '(c) SsprTools contributors. MIT License.'
    Description            = 'Can your Microsoft Entra admins get back in if they forget their password? Checks admin self-service password reset readiness through Microsoft Graph (the replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled), diagnoses failed resets and performs admin-assisted resets.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('SsprTools.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-SsprGraph'
        'Disconnect-SsprGraph'
        'Get-SsprConnection'
        'Get-SsprStatus'
        'Test-SsprAdminReadiness'
        'Get-SsprActivity'
        'Get-SsprDiagnosis'
        'Export-SsprReadinessReport'
        'Export-SsprTenantSnapshot'
        'Compare-SsprReadiness'
        'Reset-AdminPassword'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('EntraID', 'AzureAD', 'SSPR', 'PasswordReset', 'MicrosoftGraph', 'Security', 'Admin', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://github.com/ssprtools/SsprTools'
            LicenseUri   = 'https://github.com/ssprtools/SsprTools/blob/main/LICENSE'
            ReleaseNotes = 'First release: readiness scan (Get-SsprStatus, Test-SsprAdminReadiness) on snapshots and live tenants (Connect-SsprGraph, Disconnect-SsprGraph, Get-SsprConnection, Export-SsprTenantSnapshot), diagnosis (Get-SsprDiagnosis, Get-SsprActivity), the HTML report (Export-SsprReadinessReport), drift between two scans (Compare-SsprReadiness) and the assisted reset (Reset-AdminPassword).'
        }
    }
}
