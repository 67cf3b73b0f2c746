import { Center, Loader } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

// The portal is what customers load: it does not pull in the console (or its charts).
const Console = lazy(() => import("./console/Console"));
const Portal = lazy(() => import("./portal/Portal"));
const Feedback = lazy(() => import("./portal/Feedback"));

export function AppRoutes() {
  return (
    <Suspense
      fallback={
        <Center h="100vh">
          <Loader aria-label="Loading" />
        </Center>
      }
    >
      <Routes>
        <Route path="/track/*" element={<Portal />} />
        <Route path="/feedback/:token" element={<Feedback />} />
        <Route path="/*" element={<Console />} />
      </Routes>
    </Suspense>
  );
}
