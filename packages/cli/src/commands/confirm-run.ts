import readline from 'node:readline';

export type Confirmation = 'yes' | 'no' | 'cancelled';

/**
 * Asks a yes/no question on the terminal: `y` or `yes` runs, anything else
 * (an empty line, Ctrl-D) does not; Ctrl-C, or SIGINT/SIGTERM from elsewhere,
 * cancels. readline owns the terminal meanwhile (it reads Ctrl-C as a key,
 * which the terminal would otherwise turn into a signal racing the input's end).
 */
export function confirmRun(question: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<Confirmation> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input, output, terminal: true });
    let answered = false;
    const answer = (confirmation: Confirmation) => {
      if (answered) return;
      answered = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      lines.close();
      resolve(confirmation);
    };
    const onSignal = () => {
      output.write('\n');
      answer('cancelled');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    lines.on('SIGINT', onSignal);
    lines.question(question, (line) => answer(/^\s*y(es)?\s*$/i.test(line) ? 'yes' : 'no'));
    lines.once('close', () => answer('no'));
  });
}
