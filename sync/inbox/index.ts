/** Public surface of the station's inbox of central -> station messages (pull; the store is sync/store/inbox.ts). */
export {
  centralMessages,
  InboxPageError,
  type MessageSource,
  type PullLink,
  type PullRefusal,
  type PullResult,
  pullMessages,
} from './pull';
