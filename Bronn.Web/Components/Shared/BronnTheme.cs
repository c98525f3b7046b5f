using MudBlazor;

namespace Bronn.Web.Components.Shared;

public static class BronnTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3b5bdb", Secondary = "#5c677d", AppbarBackground = "#1f2a44" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"] },
        },
    };
}
