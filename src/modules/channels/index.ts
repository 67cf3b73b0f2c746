// The channels module's public face: what other modules, flows and tools may use.

export { channelRoutes } from "./routes.js";
export {
  type Channel,
  channelSellingFrom,
  createChannel,
  getChannel,
  getChannelByCode,
  listChannels,
} from "./service.js";
