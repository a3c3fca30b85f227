// Placeholder replaced below
export default function globalSetup(): void {}
