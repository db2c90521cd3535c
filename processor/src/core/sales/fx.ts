// The table lives in @tickflow/contracts: the archiver's clean layer converts with the same one.
export { FxTable } from '@tickflow/contracts';
