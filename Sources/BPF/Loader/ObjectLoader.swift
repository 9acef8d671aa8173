import BPFInstructions
import BPFObject

/// Loads an ``ObjectSpec`` into the kernel, in dependency order:
///
/// 1. CO-RE relocations (when the object has any) against the kernel's BTF;
/// 2. externs resolved (`.kconfig`, `.ksyms`, kfuncs);
/// 3. the object's BTF fixed up, sanitized for the kernel's BTF features and loaded;
/// 4. maps created (inner map templates first), filled, frozen and pinned,
///    retrying without BTF types when the kernel refuses them;
/// 5. programs loaded with function and line info;
/// 6. static slots of prog arrays and maps of maps filled.
///
/// A failure at any step closes everything created so far and removes the
/// pins it made.
public enum ObjectLoader {
    /// Loads `spec` with `options`.
    public static func load(_ spec: ObjectSpec, options: LoadOptions = LoadOptions()) throws(LoaderError) -> LoadedObject {
        var session = LoadSession(options: options)
        do {
            return try session.run(spec)
        } catch {
            session.releaseAll()
            throw error
        }
    }

    /// Reads the object at `path` and loads it.
    public static func load(contentsOf path: String, options: LoadOptions = LoadOptions()) throws(LoaderError) -> LoadedObject {
        let spec: ObjectSpec
        do { spec = try ObjectSpec(contentsOf: path) } catch { throw .object(error) }
        return try load(spec, options: options)
    }
}
