/**
 * A query kept in its own .sql file, with `{{name}}` placeholders filled per engine. Comment lines
 * (`--` at the start) are dropped, so a placeholder named in a comment is never filled.
 */
export function fillSqlTemplate(template: string, values: Readonly<Record<string, string>>, fileName: string): string {
  return template
    .split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n')
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${fileName}: unknown placeholder {{${name}}}`);
      return value;
    });
}
