using System.Text;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>Splits a shell command line the way a POSIX shell would for a cURL command: quotes, escapes and line continuations.</summary>
internal static class CurlTokenizer
{
    public static List<string> Split(string command)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case '\\' when i + 1 < command.Length && command[i + 1] is '\n' or '\r':
                    i += command[i + 1] == '\r' && i + 2 < command.Length && command[i + 2] == '\n' ? 2 : 1;
                    break;
                case '\\' when i + 1 < command.Length:
                    current.Append(command[++i]);
                    inToken = true;
                    break;
                case '\'':
                    var end = command.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("A single quote is not closed.");
                    }
                    current.Append(command, i + 1, end - i - 1);
                    i = end;
                    inToken = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(command, i, current);
                    inToken = true;
                    break;
                case ' ' or '\t' or '\n' or '\r':
                    if (inToken)
                    {
                        args.Add(current.ToString());
                        current.Clear();
                        inToken = false;
                    }
                    break;
                default:
                    current.Append(c);
                    inToken = true;
                    break;
            }
        }
        if (inToken)
        {
            args.Add(current.ToString());
        }
        return args;
    }

    private static int ReadDoubleQuoted(string command, int start, StringBuilder into)
    {
        for (var i = start + 1; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '"')
            {
                return i;
            }
            if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
            {
                c = command[++i];
            }
            into.Append(c);
        }
        throw new FormatException("A double quote is not closed.");
    }
}
