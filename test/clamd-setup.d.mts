export declare const TEST_CLAMD_PORT: number;
export default function setup(): Promise<() => Promise<void>>;
