import * as path from 'path';

/** `shared/reference`: CI clones the repository with `shared/` beside it, exactly as in development. */
export const REFERENCE_DIR = path.resolve(__dirname, '../../../shared/reference');
