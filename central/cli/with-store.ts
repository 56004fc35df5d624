/** Opens the central's store from central.json for one command and closes it afterwards. */
import { loadCentralConfig } from '../server/config';
import { CentralStore } from '../store';

export async function withCentralStore<T>(configFile: string, use: (store: CentralStore) => T): Promise<T> {
  const store = await CentralStore.open(loadCentralConfig(configFile).dataDir);
  try {
    return use(store);
  } finally {
    store.close();
  }
}
