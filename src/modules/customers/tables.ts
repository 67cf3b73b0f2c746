export interface CustomersTable {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  name_lc: string;
  phone: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  label: string | null;
  /** JSON PostalAddress */
  address: string;
  is_default_shipping: number;
  is_default_billing: number;
  created_at: string;
}

export interface CustomerTables {
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
}
