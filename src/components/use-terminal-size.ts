import React from 'react';
import { useStdout } from 'ink';

/** Columns × rows, updated on resize (SIGWINCH). Falls back to 80×24 when unknown. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout?.columns || 80, rows: (stdout as { rows?: number } | undefined)?.rows || 24 });
  const [size, setSize] = React.useState(read);
  React.useEffect(() => {
    if (!stdout) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
