using System.Collections.Generic;
using System.Linq;
using Microsoft.Graph.Models;
using SsprTools.Core.Model;
using AuditEvent = SsprTools.Core.Model.AuditEvent;

namespace SsprTools.Core.Graph
{
    /// <summary>Graph SDK models into the tenant model a snapshot holds (the same shape whatever the source).</summary>
    internal static class GraphMapping
    {
        public static string? Camel(string? value) =>
            string.IsNullOrEmpty(value) ? value : char.ToLowerInvariant(value![0]) + value.Substring(1);

        public static DirectoryUser ToUser(User u, IReadOnlyList<AuthenticationMethodInfo>? methods, string? methodsError, UserRegistrationDetails? reg) =>
            new DirectoryUser
            {
                Id = u.Id ?? "",
                UserPrincipalName = u.UserPrincipalName ?? "",
                DisplayName = u.DisplayName,
                GivenName = u.GivenName,
                Surname = u.Surname,
                AccountEnabled = u.AccountEnabled ?? true,
                UserType = u.UserType,
                OnPremisesSyncEnabled = u.OnPremisesSyncEnabled,
                Mail = u.Mail,
                MobilePhone = u.MobilePhone,
                BusinessPhones = (u.BusinessPhones ?? new List<string>()).Where(p => p != null).ToList(),
                OtherMails = (u.OtherMails ?? new List<string>()).Where(p => p != null).ToList(),
                ProxyAddresses = (u.ProxyAddresses ?? new List<string>()).Where(p => p != null).ToList(),
                AuthenticationMethods = methods?.ToArray(),
                AuthenticationMethodsError = methodsError,
                // Certificate-based authentication binds certificates through certificateUserIds (SSPR019 reads whether there are any).
                AuthorizationInfo = new Model.AuthorizationInfo
                {
                    CertificateUserIds = (u.AuthorizationInfo?.CertificateUserIds ?? new List<string>()).Where(c => c != null).ToList(),
                },
                RegistrationDetails = ToRegistration(reg),
            };

        public static RegistrationDetails? ToRegistration(UserRegistrationDetails? reg) =>
            reg == null ? null : new RegistrationDetails
            {
                IsAdmin = reg.IsAdmin,
                IsSsprRegistered = reg.IsSsprRegistered,
                IsSsprEnabled = reg.IsSsprEnabled,
                IsSsprCapable = reg.IsSsprCapable,
                IsMfaRegistered = reg.IsMfaRegistered,
                MethodsRegistered = (reg.MethodsRegistered ?? new List<string>()).Where(m => m != null).ToList(),
                LastUpdatedDateTime = reg.LastUpdatedDateTime,
            };

        public static AuthenticationMethodInfo ToMethod(AuthenticationMethod m)
        {
            var phone = m as PhoneAuthenticationMethod;
            return new AuthenticationMethodInfo
            {
                ODataType = m.OdataType ?? "",
                Id = m.Id,
                PhoneNumber = phone?.PhoneNumber,
                PhoneType = Camel(phone?.PhoneType?.ToString()),
                EmailAddress = (m as EmailAuthenticationMethod)?.EmailAddress,
                DisplayName = (m as MicrosoftAuthenticatorAuthenticationMethod)?.DisplayName
                    ?? (m as Fido2AuthenticationMethod)?.DisplayName
                    ?? (m as WindowsHelloForBusinessAuthenticationMethod)?.DisplayName,
            };
        }

        public static RoleAssignmentInfo ToRoleAssignment(string? id, string? principalId, string? roleDefinitionId, string? scope) =>
            new RoleAssignmentInfo { Id = id, PrincipalId = principalId ?? "", RoleDefinitionId = roleDefinitionId ?? "", DirectoryScopeId = scope ?? "/" };

        public static AuditEvent ToAudit(DirectoryAudit a) =>
            new AuditEvent
            {
                Id = a.Id,
                Category = a.Category,
                CorrelationId = a.CorrelationId,
                Result = Camel(a.Result?.ToString()),
                ResultReason = a.ResultReason,
                ActivityDisplayName = a.ActivityDisplayName,
                ActivityDateTime = a.ActivityDateTime ?? default,
                LoggedByService = a.LoggedByService,
                OperationType = a.OperationType,
                InitiatedBy = a.InitiatedBy?.User == null ? null : new AuditInitiator
                {
                    User = new AuditUser
                    {
                        Id = a.InitiatedBy.User.Id,
                        DisplayName = a.InitiatedBy.User.DisplayName,
                        UserPrincipalName = a.InitiatedBy.User.UserPrincipalName,
                        IpAddress = a.InitiatedBy.User.IpAddress,
                    },
                },
                TargetResources = (a.TargetResources ?? new List<TargetResource>())
                    .Select(t => new AuditTarget { Id = t.Id, DisplayName = t.DisplayName, Type = t.Type, UserPrincipalName = t.UserPrincipalName }).ToList(),
                AdditionalDetails = (a.AdditionalDetails ?? new List<KeyValue>()).Select(k => new AuditKeyValue { Key = k.Key, Value = k.Value }).ToList(),
            };
    }
}
