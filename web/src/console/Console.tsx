import { Route, Routes } from "react-router";
import { ApiKeysPage } from "./admin/ApiKeys";
import { AuditPage } from "./admin/Audit";
import { UsersPage } from "./admin/Users";
import { AnalyticsPage } from "./analytics/AnalyticsPage";
import { RequireAuth } from "./auth";
import { CaseDetailPage } from "./cases/CaseDetail";
import { CaseList } from "./cases/CaseList";
import { Dashboard } from "./Dashboard";
import { FeedbackPage } from "./feedback/FeedbackPage";
import { ForecastingPage } from "./forecasting/ForecastingPage";
import { AlertsPage } from "./inventory/Alerts";
import { LevelsPage } from "./inventory/Levels";
import { MovementsPage } from "./inventory/Movements";
import { PurchaseOrdersPage } from "./inventory/PurchaseOrdersPage";
import { TransfersPage } from "./inventory/TransfersPage";
import { Layout } from "./Layout";
import { Login } from "./Login";
import { NotFound } from "./NotFound";
import { NewOrder } from "./orders/NewOrder";
import { OrderDetail } from "./orders/OrderDetail";
import { OrderList } from "./orders/OrderList";
import { ReturnDetailPage } from "./returns/ReturnDetail";
import { ReturnList } from "./returns/ReturnList";
import { SchedulingPage } from "./scheduling/SchedulingPage";
import { CatalogPage } from "./setup/CatalogPage";
import { ChannelsPage } from "./setup/ChannelsPage";
import { EventsPage } from "./setup/EventsPage";
import { LocationsPage } from "./setup/LocationsPage";
import { WebhooksPage } from "./setup/WebhooksPage";
import { Welcome } from "./Welcome";
import { ShipmentExceptionsPage } from "./warehouse/ShipmentExceptionsPage";
import { WorkstationPage } from "./warehouse/WorkstationPage";

export default function Console() {
  return (
    <Routes>
      <Route path="login" element={<Login />} />
      <Route path="welcome" element={<Welcome />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<Dashboard />} />
        <Route path="orders" element={<OrderList />} />
        <Route path="orders/new" element={<NewOrder />} />
        <Route path="orders/:id" element={<OrderDetail />} />
        <Route path="cases" element={<CaseList />} />
        <Route path="cases/:id" element={<CaseDetailPage />} />
        <Route path="feedback" element={<FeedbackPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="inventory" element={<LevelsPage />} />
        <Route path="inventory/movements" element={<MovementsPage />} />
        <Route path="inventory/alerts" element={<AlertsPage />} />
        <Route path="inventory/transfers" element={<TransfersPage />} />
        <Route path="inventory/purchase-orders" element={<PurchaseOrdersPage />} />
        <Route path="forecasting" element={<ForecastingPage />} />
        <Route path="scheduling" element={<SchedulingPage />} />
        <Route path="warehouse" element={<WorkstationPage />} />
        <Route path="warehouse/:id" element={<WorkstationPage />} />
        <Route path="shipments/exceptions" element={<ShipmentExceptionsPage />} />
        <Route path="catalog" element={<CatalogPage />} />
        <Route path="locations" element={<LocationsPage />} />
        <Route path="channels" element={<ChannelsPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="events" element={<EventsPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="returns" element={<ReturnList />} />
        <Route path="returns/:id" element={<ReturnDetailPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
