/** Installed packages and runtimes: frames there are not the workspace's code. */
const LIBRARY_PATH = /(?:^|\/)(?:node_modules|site-packages|dist-packages|lib\/python\d[\w.]*|go\/src\/(?:runtime|testing|net|reflect|sync))(?:\/|$)|^(?:node:|internal\/)/;

export function isLibraryPath(file: string): boolean {
  return LIBRARY_PATH.test(file.replace(/\\/g, '/'));
}
