/** React access to the services the composition root created once (see services.ts). */
import { createContext, useContext } from "react";
import type { Services } from "./services";

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error("useServices outside <ServicesContext.Provider>");
  return services;
}
