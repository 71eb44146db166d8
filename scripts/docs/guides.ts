export async function guideBlocks() { return {}; }
