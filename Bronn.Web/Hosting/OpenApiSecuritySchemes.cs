using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bronn.Web.Hosting;

/// <summary>Tells API clients how to sign in: a login token or a personal API key, either as a bearer token, or the key in X-Bronn-Api-Key.</summary>
internal sealed class OpenApiSecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "Bearer";
    public const string ApiKeyHeader = "ApiKeyHeader";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "A login token (POST /api/auth/login, 12 hours) or a personal API key (bronn_…, POST /api/auth/api-keys).",
            },
            [ApiKeyHeader] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = Accounts.ApiKeys.ApiKeyAuthenticationHandler.HeaderName,
                Description = "A personal API key (bronn_…). A read-only key gets 403 on any write.",
            },
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyHeader, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
