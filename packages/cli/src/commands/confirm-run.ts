import readline from 'node:readline';

export type Confirmation = 'yes' | 'no' | 'cancelled';

/**
 * Asks a yes/no question on the terminal: `y` or `yes` runs, anything else
 * (an empty line, Ctrl-D) does not; Ctrl-C or `signal` cancels. readline owns
 * the terminal meanwhile: it reads Ctrl-C as a key, which the terminal would
 * otherwise turn into a signal racing the end of the input.
 */
export function confirmRun(question: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream, signal: AbortSignal): Promise<Confirmation> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input, output, terminal: true });
    let answered = false;
    const answer = (confirmation: Confirmation) => {
      if (answered) return;
      answered = true;
      signal.removeEventListener('abort', onAbort);
      lines.close();
      resolve(confirmation);
    };
    const onAbort = () => answer('cancelled');
    signal.addEventListener('abort', onAbort);
    lines.on('SIGINT', () => {
      output.write('^C\n');
      answer('cancelled');
    });
    lines.question(question, (line) => answer(/^\s*y(es)?\s*$/i.test(line) ? 'yes' : 'no'));
    lines.once('close', () => answer('no'));
  });
}
