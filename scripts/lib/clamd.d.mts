export declare const EICAR: string;
export declare function clamdPath(): string | null;
export declare function startClamd(opts: { port: number; dir: string }): Promise<{ address: string; stop(): Promise<void> }>;
