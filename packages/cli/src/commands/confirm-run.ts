import readline from 'node:readline';

export type Confirmation = 'yes' | 'no' | 'cancelled';

/**
 * Asks a yes/no question on the terminal: `y` or `yes` runs, anything else
 * (an empty line, end of input) does not. The terminal stays in its own line
 * mode, so Ctrl-C is a signal as everywhere else and cancels.
 */
export function confirmRun(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<Confirmation> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input, terminal: false });
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
    lines.once('line', (line) => answer(/^\s*y(es)?\s*$/i.test(line) ? 'yes' : 'no'));
    lines.once('close', () => answer('no'));
    output.write(question);
  });
}
