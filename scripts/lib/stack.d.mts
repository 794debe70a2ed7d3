export declare const DEMO: {
  key: string;
  password: string;
  users: { email: string; name: string; role: string; departments: string[] }[];
};
export declare function ensureDevVars(): void;
export declare function devVar(name: string): string | undefined;
export declare function startStack(opts?: {
  port?: number;
  demoPort?: number;
  clamdPort?: number;
  persistTo?: string;
  quiet?: boolean;
  build?: boolean;
  scannerOptional?: boolean;
}): Promise<{
  origin: string;
  demoOrigin: string;
  ids: { tenantId: string; departments: Record<string, string>; users: Record<string, string> };
  log(): string;
  stop(): Promise<void>;
}>;
