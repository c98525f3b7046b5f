namespace Bronn.Core.Accounts;

/// <summary>
/// Passwords of at least the minimum length that appear at the top of public breach lists (and their obvious
/// variants); refused for new passwords. Compared without regard to case or surrounding spaces.
/// </summary>
internal static class CommonPasswords
{
    private static readonly HashSet<string> List = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "0123456789", "0987654321", "9876543210", "12345678910", "123456789a", "a123456789", "1234567890a",
        "123123123123", "1231231231", "1122334455", "11223344556677", "1212121212", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5",
        "q1w2e3r4t5y6", "1qaz2wsx3edc", "zaq12wsxcde3", "zaq1zaq1zaq1", "qazwsxedcrfv", "qwertyuiop", "qwertyuiop123",
        "qwerty12345", "qwerty123456", "qwerty1234", "asdfghjkl1", "asdfghjkl123", "zxcvbnm123", "abcdefghij", "abcd123456",
        "abc1234567", "abcdef123456", "password12", "password123", "password1234", "password12345", "password!1",
        "passw0rd123", "p@ssw0rd123", "p@ssword123", "passwordpassword", "iloveyou12", "iloveyou123", "welcome123",
        "welcome1234", "letmein123", "changeme123", "changeme1234", "administrator", "admin12345", "admin123456",
        "adminadmin", "football123", "baseball123", "basketball", "monkey12345", "dragon1234", "master12345", "superman123",
        "sunshine123", "princess123", "starwars123", "whatever123", "trustno1234", "michael123", "jennifer123", "charlie123",
        "liverpool1", "chelsea123", "computer123", "internet123", "secret1234", "default123", "football1", "1qazxsw23edc",
        "qwer1234qwer", "1234qwerasdf", "1234qwer!@#$", "!@#$%^&*()", "1234567890-=", "q1w2e3r4", "aa12345678",
        "zxcvbnm,./", "mypassword", "mypassword1", "thisismypassword", "letmeinnow", "loveyou1234", "yourpassword",
    };

    public static bool Contains(string password) => List.Contains(password.Trim());
}
