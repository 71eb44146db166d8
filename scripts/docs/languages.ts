export function languageBlocks() { return {}; }
