package io.warren.store.meta;

class InMemoryMetadataStoreTest extends MetadataStoreContract {
    @Override
    MetadataStore open() {
        return new InMemoryMetadataStore();
    }
}
